/**
 * The PC's cascaded pair of Intel 8259A programmable interrupt controllers and the chipset's edge/level
 * control registers: {@link dev.xenolith.devices.pic.I8259Pair}.
 */
package dev.xenolith.devices.pic;
