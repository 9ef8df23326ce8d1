/**
 * Exercises a learner solves inside a notebook cell, with a check that says in words what is wrong.
 *
 * <p>A notebook poses an exercise as a signature and a stub that throws {@link course.exercise.Exercise#notAttempted()}
 * (or returns null). The learner fills in the body and runs the cell, which hands the learner's function to a check
 * class of this package (one per exercise, named after it). The check runs the function on seeded inputs,
 * compares it with the library's own code and with properties every right answer has, and prints one line:
 * <ul>
 *   <li>{@code ✓ id: …} with a short confirmation,
 *   <li>{@code ✗ id: …} with a hint that names what is wrong ("row 2 sums to 0.73: …"), or
 *   <li>{@code · id: not attempted yet — hint: …} for the stub.
 * </ul>
 * Nothing is ever thrown to the notebook: a wrong answer or an exception from the learner's code becomes a
 * {@link course.exercise.Result} with status {@code WRONG}, so a headless run of the course never fails on an
 * exercise. Tests assert on the returned {@link course.exercise.Result}.
 */
package course.exercise;
