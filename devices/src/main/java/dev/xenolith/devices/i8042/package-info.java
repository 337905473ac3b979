/**
 * The PC's 8042 PS/2 controller ({@link dev.xenolith.devices.i8042.I8042}), ports 0x60 and 0x64, with a
 * PS/2 keyboard on IRQ1 and a PS/2 mouse on IRQ12 fed with bytes from the scenario.
 */
package dev.xenolith.devices.i8042;
