/** A run's trace and its score against ground truth. */
package org.reflexscope.sim.score;
