/**
 * Generic kernel library structures of the guest, after Linux 2.6.25's {@code lib/}: the intrusive
 * red-black tree ({@link dev.xenolith.guest.lib.RbTree}, {@link dev.xenolith.guest.lib.RbNode}) and its
 * cached-leftmost form ({@link dev.xenolith.guest.lib.CachedRbTree}) that CFS's timeline and the hrtimer
 * queue are built on. Pure data structures: no simulated time, no tracing, no allocation in steady state.
 */
package dev.xenolith.guest.lib;
