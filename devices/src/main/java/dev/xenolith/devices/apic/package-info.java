/**
 * The local APIC of each processor ({@link dev.xenolith.devices.apic.LocalApic}) and the bus that
 * joins them ({@link dev.xenolith.devices.apic.ApicBus}): xAPIC registers, interrupt priority, the
 * APIC timer, LINT pins and interprocessor interrupts, after the Intel SDM vol. 3 chapter 10.
 */
package dev.xenolith.devices.apic;
