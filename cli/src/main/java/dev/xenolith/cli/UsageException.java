package dev.xenolith.cli;

/** A problem with the command line or a file it names (status 2); printed after "xenolith: ". */
final class UsageException extends Exception {
    UsageException(String message) {
        super(message);
    }
}
