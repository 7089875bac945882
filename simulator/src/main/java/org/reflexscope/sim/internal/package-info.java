/** Small stateless helpers of the simulator; not API. */
package org.reflexscope.sim.internal;
