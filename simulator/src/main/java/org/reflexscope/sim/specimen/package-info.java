/** Simulated samples (beads, moving and dividing cells), as pure functions of time and seed. */
package org.reflexscope.sim.specimen;
