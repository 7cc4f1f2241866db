// Bench knobs from the environment: a missing or empty variable takes the
// default; anything else must be an integer in range or the bench stops with a
// one-line message naming the variable.
export function envInt(name: string, fallback: number, min: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === "") return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min) throw new Error(`env ${name}: expected an integer >= ${min}, got "${raw}"`);
  return n;
}
