/**
 * Register-level PC devices, one package each (local APIC, i8259A pair, i8254 PIT, 16550A UART, i8042),
 * and the board that wires them to the CPUs.
 */
package dev.xenolith.devices;
