// A sequential reference model, generic over state, input and output.
// Contract: pure functions; step returns the next state, or null when the
// output is impossible from that state. equal/hash let searches memoise states.

export interface Model<S, I, O> {
  /** The state before any operation. */
  init(): S;
  /** Applies one operation that produced `output`; null = impossible. Never mutates `state`. */
  step(state: S, input: I, output: O): S | null;
  equal(a: S, b: S): boolean;
  /** A string that is equal for equal states (collisions are allowed, equal() decides). */
  hash(state: S): string;
  /** One operation in words, for evidence ("write x=3", "read x -> 3"). */
  describe(input: I, output: O): string;
  describeState(state: S): string;
}
