/**
 * The 16550A UART of a PC COM port ({@link dev.xenolith.devices.uart.Uart16550}): register-level, paced by
 * its baud clock, its transmit side feeding a {@link dev.xenolith.devices.uart.SerialSink} (the serial
 * console) and its receive side fed with timed bytes from the scenario image or the terminal.
 */
package dev.xenolith.devices.uart;
