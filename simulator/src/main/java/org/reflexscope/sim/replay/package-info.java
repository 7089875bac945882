/** Recorded TIFF/OME-TIFF data replayed as the sample: time, focus and XY select what the camera sees. */
package org.reflexscope.sim.replay;
