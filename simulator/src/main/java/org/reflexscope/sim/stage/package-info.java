/** Stage travel limits and move durations. */
package org.reflexscope.sim.stage;
