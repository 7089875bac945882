/** Ground truth: exact focal plane, objects and events at any simulated time. */
package org.reflexscope.sim.truth;
