/** JMH and end-to-end benchmarks of Reflex; each benchmark class is runnable from its {@code main}. */
package org.reflexscope.bench;
