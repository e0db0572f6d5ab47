/**
 * The Pelz–Good (1976) approximation to P(Dₙ ≤ x): the Li-Chien/Korolyuk expansion K₀ + K₁/√n + K₂/n + K₃/n^1.5
 * rewritten with Jacobi theta identities so that it converges for small z = x√n (scipy's `_kolmogn_PelzGood`).
 */

const PI2 = Math.PI ** 2;
const PI4 = Math.PI ** 4;
const PI6 = Math.PI ** 6;
const SQRT_2PI = Math.sqrt(2 * Math.PI);
const SQRT3 = Math.sqrt(3);
const MIN_LOG = -708;

/** CDF of the two-sided one-sample statistic Dₙ at x, for large n. */
export function pelzGoodCdf(n: number, x: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const z = Math.sqrt(n) * x;
  const qLog = -PI2 / 8 / (z * z);
  if (qLog < MIN_LOG) return 0;
  const maxK = Math.ceil((16 * z) / Math.PI);
  const k = oddTermSums(z, Math.exp(qLog), maxK);
  addIntegerTerms(k, z, maxK);
  let sum = 0;
  for (let i = 0; i < 4; i++) sum += k[i]! / n ** (i / 2);
  return sum;
}

/** K₀…K₃ over odd m = 2k − 1, summed in Horner form in q⁸ᵏ and scaled by √(2π)/(z, 6z⁴, 72z⁷, 6480z¹⁰). */
function oddTermSums(z: number, q: number, maxK: number): number[] {
  const z2 = z * z;
  const z4 = z2 * z2;
  const z6 = z4 * z2;
  const k1a = -z2;
  const k1b = PI2 / 4;
  const k2 = [6 * z6 + 2 * z4, ((2 * z4 - 5 * z2) * PI2) / 4, (PI4 * (1 - 2 * z2)) / 16];
  const k3 = [-30 * z6 - 90 * z ** 8, (PI2 * (135 * z4 - 96 * z6)) / 4, (PI4 * (-60 * z2 + 212 * z4)) / 16, (PI6 * (5 - 30 * z2)) / 64];
  const sums = [0, 0, 0, 0];
  for (let k = maxK; k > 0; k--) {
    const m2 = (2 * k - 1) ** 2;
    const qPower = q ** (8 * k);
    const terms = [1, k1a + k1b * m2, k2[0]! + m2 * (k2[1]! + m2 * k2[2]!), k3[0]! + m2 * (k3[1]! + m2 * (k3[2]! + m2 * k3[3]!))];
    for (let i = 0; i < 4; i++) sums[i] = sums[i]! * qPower + terms[i]!;
  }
  const divisors = [z, 6 * z4, 72 * z ** 7, 6480 * z ** 10];
  return sums.map((s, i) => (s * q * SQRT_2PI) / divisors[i]!);
}

/** The extra K₂ and K₃ terms that run over all integers k, in e^(−π²k²/2z²). */
function addIntegerTerms(sums: number[], z: number, maxK: number): void {
  const q = Math.exp(-PI2 / 2 / (z * z));
  const sqrt3z = SQRT3 * z;
  let k2 = 0;
  let k3 = 0;
  for (let k = maxK; k > 0; k--) {
    const k2Weight = k * k * q ** (k * k);
    const kPi = Math.PI * k;
    k2 += k2Weight;
    k3 += (sqrt3z + kPi) * (sqrt3z - kPi) * k2Weight;
  }
  sums[2]! += (k2 * PI2 * SQRT_2PI) / (-36 * z ** 3);
  sums[3]! += (k3 * PI2 * SQRT_2PI) / (216 * z ** 6);
}
