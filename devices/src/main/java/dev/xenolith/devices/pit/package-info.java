/**
 * The PC's Intel 8254 programmable interval timer ({@link dev.xenolith.devices.pit.Pit8254}), ports
 * 0x40-0x43, counter 0 driving IRQ0.
 */
package dev.xenolith.devices.pit;
