/**
 * Logistic regression with non-negative weights and an L2 penalty, on aggregated rows (one row
 * per distinct feature vector, with its passages and violations): what `kakou policy fit` needs
 * so that fitted points only add and worse credit never lowers a score.
 *
 * Written here rather than taken from a library: no maintained JavaScript package fits a
 * bound-constrained logistic model, and the problem is small once aggregated (tens of features,
 * thousands of distinct rows). A projected Newton method on the free variables converges in a few
 * iterations. tests/unit/scoring/fit.test.ts holds it to SciPy's L-BFGS-B on the same data,
 * computed once and stored as a fixture.
 */

export interface Row {
  /** Sparse features: indices and values, same length. */
  index: readonly number[];
  value: readonly number[];
  /** Passages with this feature vector, and how many carried a violation. */
  n: number;
  positives: number;
}

export interface FitResult {
  intercept: number;
  weights: number[];
  iterations: number;
  /** Mean negative log-likelihood per passage at the solution (without the penalty). */
  loss: number;
}

const sigmoid = (z: number) => (z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z)));
const log1pExp = (z: number) => (z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z)));

/** Objective: mean negative log-likelihood plus lambda/2 |w|^2 (the intercept is not penalised). */
function objective(rows: readonly Row[], total: number, b: number, w: readonly number[], lambda: number): number {
  let nll = 0;
  for (const r of rows) {
    let z = b;
    for (let k = 0; k < r.index.length; k++) z += (w[r.index[k] as number] as number) * (r.value[k] as number);
    nll += r.n * log1pExp(z) - r.positives * z;
  }
  let pen = 0;
  for (const x of w) pen += x * x;
  return nll / total + (lambda / 2) * pen;
}

/** Solves A x = g for a symmetric positive definite A (Cholesky), in place of nothing: returns x. */
function solve(a: number[][], g: number[]): number[] {
  const n = g.length;
  const l = a.map((row) => row.slice());
  for (let j = 0; j < n; j++) {
    let d = (l[j] as number[])[j] as number;
    for (let k = 0; k < j; k++) d -= ((l[j] as number[])[k] as number) ** 2;
    const root = Math.sqrt(Math.max(d, 1e-12));
    (l[j] as number[])[j] = root;
    for (let i = j + 1; i < n; i++) {
      let s = (l[i] as number[])[j] as number;
      for (let k = 0; k < j; k++) s -= ((l[i] as number[])[k] as number) * ((l[j] as number[])[k] as number);
      (l[i] as number[])[j] = s / root;
    }
  }
  const y = new Array<number>(n).fill(0);
  for (let i = 0; i < n; i++) {
    let s = g[i] as number;
    for (let k = 0; k < i; k++) s -= ((l[i] as number[])[k] as number) * (y[k] as number);
    y[i] = s / ((l[i] as number[])[i] as number);
  }
  const x = new Array<number>(n).fill(0);
  for (let i = n - 1; i >= 0; i--) {
    let s = y[i] as number;
    for (let k = i + 1; k < n; k++) s -= ((l[k] as number[])[i] as number) * (x[k] as number);
    x[i] = s / ((l[i] as number[])[i] as number);
  }
  return x;
}

export function fitNonNegativeLogistic(
  rows: readonly Row[],
  features: number,
  lambda = 1e-4,
  maxIterations = 100,
  tolerance = 1e-9,
): FitResult {
  const total = rows.reduce((s, r) => s + r.n, 0);
  const positives = rows.reduce((s, r) => s + r.positives, 0);
  const base = Math.min(Math.max(positives / Math.max(total, 1), 1e-6), 1 - 1e-6);
  let b = Math.log(base / (1 - base));
  let w = new Array<number>(features).fill(0);
  let f = objective(rows, total, b, w, lambda);
  let iterations = 0;
  for (; iterations < maxIterations; iterations++) {
    // Gradient and Hessian over [intercept, w...].
    const p = features + 1;
    const g = new Array<number>(p).fill(0);
    const h = Array.from({ length: p }, () => new Array<number>(p).fill(0));
    for (const r of rows) {
      let z = b;
      for (let k = 0; k < r.index.length; k++) z += (w[r.index[k] as number] as number) * (r.value[k] as number);
      const mu = sigmoid(z);
      const resid = (r.n * mu - r.positives) / total;
      const curv = (r.n * mu * (1 - mu)) / total;
      g[0] = (g[0] as number) + resid;
      (h[0] as number[])[0] = ((h[0] as number[])[0] as number) + curv;
      for (let k = 0; k < r.index.length; k++) {
        const i = (r.index[k] as number) + 1;
        const xi = r.value[k] as number;
        g[i] = (g[i] as number) + resid * xi;
        (h[0] as number[])[i] = ((h[0] as number[])[i] as number) + curv * xi;
        for (let m = 0; m < r.index.length; m++) {
          const j = (r.index[m] as number) + 1;
          (h[i] as number[])[j] = ((h[i] as number[])[j] as number) + curv * xi * (r.value[m] as number);
        }
      }
    }
    for (let j = 1; j < p; j++) {
      g[j] = (g[j] as number) + lambda * (w[j - 1] as number);
      (h[j] as number[])[j] = ((h[j] as number[])[j] as number) + lambda;
      (h[j] as number[])[0] = (h[0] as number[])[j] as number;
    }
    // Free variables: the intercept, and weights off their bound or pulled away from it.
    const free = [0, ...w.flatMap((x, j) => (x > 0 || (g[j + 1] as number) < 0 ? [j + 1] : []))];
    const step = solve(
      free.map((i) => free.map((j) => (h[i] as number[])[j] as number)),
      free.map((i) => -(g[i] as number)),
    );
    let t = 1;
    let improved = false;
    for (let tries = 0; tries < 40; tries++, t /= 2) {
      const nw = w.slice();
      let nb = b;
      free.forEach((i, k) => {
        if (i === 0) nb = b + t * (step[k] as number);
        else nw[i - 1] = Math.max(0, (w[i - 1] as number) + t * (step[k] as number));
      });
      const nf = objective(rows, total, nb, nw, lambda);
      if (nf <= f - 1e-12 * Math.abs(f) || nf < f) {
        improved = f - nf > tolerance;
        ({ b, w, f } = { b: nb, w: nw, f: nf });
        break;
      }
    }
    if (!improved) break;
  }
  const loss = objective(rows, total, b, w, 0);
  return { intercept: b, weights: w, iterations: iterations + 1, loss };
}
