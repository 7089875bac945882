/**
 * The simulator: {@link org.reflexscope.sim.VirtualMicroscope}, a seeded virtual microscope implementing both
 * {@code FrameSource} and {@code MicroscopeControl}, with faults on demand.
 */
package org.reflexscope.sim;
