/**
 * What the policies need from the images, checked on every analysed frame: light the camera did not clip, and
 * enough light and contrast for detection. {@link org.reflexscope.policy.signal.SignalMonitor} raises one
 * {@link org.reflexscope.policy.signal.SignalAlarm} per episode, naming the problem and what to do.
 */
package org.reflexscope.policy.signal;
