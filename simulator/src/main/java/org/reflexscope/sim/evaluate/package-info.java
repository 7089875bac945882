/**
 * Scoring detections against ground truth a person made: label images (instance masks) and lists of points, with
 * one-to-one matching, recall, precision and position error.
 */
package org.reflexscope.sim.evaluate;
