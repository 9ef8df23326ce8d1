package course.exercise;

/** How a learner's answer to an exercise fared. */
public enum Status { PASSED, WRONG, NOT_ATTEMPTED }
