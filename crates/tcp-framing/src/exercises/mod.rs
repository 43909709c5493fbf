//! Lesson 5's exercises, solved.
