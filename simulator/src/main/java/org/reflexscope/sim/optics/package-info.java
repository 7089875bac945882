/** Objectives (resolution, depth of field, defocus blur) and focal/XY drift. */
package org.reflexscope.sim.optics;
