/** How a frame is formed for a view: synthetic rendering or replayed data behind one interface. */
package org.reflexscope.sim.render;
