/** Image formation (expected photo-electrons per pixel) and camera noise/digitisation. */
package org.reflexscope.sim.camera;
