/**
 * Event scores that look at how objects change over time (per tracked object), rather than at one frame: e.g.
 * {@link org.reflexscope.core.events.DivisionTrendEventScorer} for cell divisions.
 */
package org.reflexscope.core.events;
