/**
 * Scenarios: every parameter of a simulated run and its seed, built-ins and YAML/JSON files with field-naming
 * validation.
 */
package org.reflexscope.sim.scenario;
