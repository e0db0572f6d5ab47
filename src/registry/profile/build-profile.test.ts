import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fixture } from '../../../test/helpers/fixtures.js';
import { checkValue, ReferenceProfile, type FeatureProfile, type NumericFeatureProfile } from '../../contract/index.js';
import { parseCsv } from '../../core/index.js';
import { buildProfile } from './build-profile.js';

const breastCancer = parseCsv(readFileSync(fixture('breast-cancer-train.csv'), 'utf8'));

function numeric(feature: FeatureProfile | undefined): NumericFeatureProfile {
  if (feature?.type !== 'numeric') throw new Error(`expected a numeric profile, got ${JSON.stringify(feature)}`);
  return feature;
}

function expectBinInvariants(f: NumericFeatureProfile): void {
  expect(f.counts).toHaveLength(f.edges.length - 1);
  expect(f.counts.reduce((a, b) => a + b, 0)).toBe(f.count);
  f.edges.slice(1).forEach((e, i) => expect(e).toBeGreaterThan(f.edges[i]!));
  expect([f.edges[0], f.edges.at(-1)]).toEqual([f.min, f.max]);
  expect(f.percentiles).toHaveLength(101);
  expect([f.percentiles[0], f.percentiles[100]]).toEqual([f.min, f.max]);
}

describe('buildProfile on the breast-cancer fixture', () => {
  const profile = buildProfile(breastCancer, { source: 'breast-cancer-train.csv', target: 'target' });
  const byName = (name: string): NumericFeatureProfile => numeric(profile.features.find((f) => f.name === name));

  it('profiles the 30 feature columns in header order, all numeric, and matches the schema', () => {
    expect(profile.features.map((f) => f.name)).toEqual(breastCancer.header.slice(0, 30));
    expect(profile.features.every((f) => f.type === 'numeric' && f.missing === 0 && f.count === 426)).toBe(true);
    expect([profile.formatVersion, profile.rowCount, profile.source]).toEqual([1, 426, 'breast-cancer-train.csv']);
    expect(checkValue(ReferenceProfile, profile).ok).toBe(true);
    expect(JSON.parse(JSON.stringify(profile))).toEqual(profile);
  });

  it('keeps every bin invariant on every column', () => {
    profile.features.forEach((f) => expectBinInvariants(numeric(f)));
  });

  it('agrees with numpy on percentiles, moments, edges and counts', () => {
    // /usr/bin/python3 (numpy 1.24): a = np.loadtxt('test/fixtures/breast-cancer-train.csv', delimiter=',', skiprows=1)
    // c = a[:, 0] (mean_radius); np.median(c); np.percentile(c, [10, 25, 90]); np.mean(c); np.std(c, ddof=1)
    const radius = byName('mean_radius');
    expect(radius.percentiles[50]).toBe(13.274999999999999);
    expect([radius.percentiles[10], radius.percentiles[25], radius.percentiles[90]]).toEqual([10.26, 11.6325, 19.53]);
    expect(radius.mean).toBeCloseTo(14.075201877934273, 12);
    expect(radius.std).toBeCloseTo(3.5089203530224635, 12);
    // e = np.unique(np.quantile(c, np.arange(11) / 10)); counts = [((c >= e[j]) & (c < e[j+1])).sum() ...], last bin closed
    expect(radius.edges).toEqual([6.981, 10.26, 11.34, 11.934999999999999, 12.7, 13.274999999999999, 14.04, 15.02, 17.05, 19.53, 28.11]);
    expect(radius.counts).toEqual([42, 42, 44, 42, 43, 42, 43, 42, 42, 44]);
    // same for worst_concavity (column 26, has zeros) and fractal_dimension_error (column 19)
    expect(byName('worst_concavity').percentiles[50]).toBe(0.22899999999999998);
    expect(byName('worst_concavity').counts).toEqual([43, 42, 43, 42, 43, 42, 43, 42, 43, 43]);
    expect(byName('fractal_dimension_error').percentiles[50]).toBe(0.00307);
    expect(byName('fractal_dimension_error').counts).toEqual([43, 42, 43, 41, 44, 42, 43, 42, 43, 43]);
    expect(byName('mean_area').std).toBeCloseTo(345.9395199916801, 9);
  });

  it('counts the target classes as numpy does', () => {
    // np.unique(a[:, -1], return_counts=True) -> ([0., 1.], [159, 267])
    expect(profile.target).toEqual({ name: 'target', kind: 'classes', classes: { '0': 159, '1': 267 } });
  });

  it('keeps the first 8 rows as numbers, without the target', () => {
    expect(profile.sampleRows).toHaveLength(8);
    expect(profile.sampleRows.every((row) => row.length === 30)).toBe(true);
    expect(profile.sampleRows[0]!.slice(0, 4)).toEqual([19.89, 20.26, 130.5, 1214.0]);
  });
});

// color: categorical with ties and missing; size: numeric with missing and padding; const: one value;
// empty: nothing present; mixed: numbers and text; price: a float target with one missing value.
const SMALL = `color,size,const,empty,mixed,price
red,1,7,,1,10.5
blue, 3 ,7,NA,2,11.25
red,NA,7,null,x,9.75
green,2,7,None,3,12
NA,5,7,nan,4,10
blue,,7,N/A,5,8.5
red,4,7,NaN,6,13
None,nan,7,,7,11
blue,6,7,,8,9
green,10,7,,9,
`;

describe('buildProfile on a hand-written table', () => {
  const profile = buildProfile(parseCsv(SMALL), { source: 'small.csv', target: 'price' });
  const [color, size, constant, empty, mixed] = profile.features;

  it('ranks categories by count, ties by text, and counts missing values', () => {
    expect(color).toEqual({ name: 'color', type: 'categorical', count: 8, missing: 2, missingRate: 0.2, categories: { blue: 3, red: 3, green: 2 }, otherCount: 0 });
    expect(Object.keys(color?.type === 'categorical' ? color.categories : {})).toEqual(['blue', 'red', 'green']);
  });

  it('profiles a numeric column with missing values like numpy on the present ones', () => {
    // np.array([1, 3, 2, 5, 4, 6, 10.0]): np.unique(np.quantile(c, np.arange(11) / 10)), np.mean(c), np.std(c, ddof=1)
    const f = numeric(size);
    expect([f.count, f.missing, f.missingRate, f.min, f.max]).toEqual([7, 3, 0.3, 1, 10]);
    expect(f.edges).toEqual([1.0, 1.6, 2.2, 2.8, 3.4000000000000004, 4.0, 4.6, 5.199999999999999, 5.800000000000001, 7.600000000000001, 10.0]);
    expect(f.counts).toEqual([1, 1, 0, 1, 0, 1, 1, 0, 1, 1]);
    expect(f.mean).toBeCloseTo(4.428571428571429, 14);
    expect(f.std).toBeCloseTo(2.9920529661723827, 14);
    expect([f.percentiles[25], f.percentiles[50], f.percentiles[75]]).toEqual([2.5, 4, 5.5]);
  });

  it('gives a constant column one degenerate bin', () => {
    const f = numeric(constant);
    expect([f.edges, f.counts, f.std, f.mean]).toEqual([[7, 7], [10], 0, 7]);
    expect(new Set(f.percentiles)).toEqual(new Set([7]));
  });

  it('makes an all-missing column an empty categorical and a mixed one categorical', () => {
    expect(empty).toEqual({ name: 'empty', type: 'categorical', count: 0, missing: 10, missingRate: 1, categories: {}, otherCount: 0 });
    expect(mixed?.type).toBe('categorical');
    expect(mixed?.type === 'categorical' && mixed.categories).toEqual(Object.fromEntries([...'123456789x'].map((c) => [c, 1])));
  });

  it('profiles a float target as numeric', () => {
    // np.array([10.5, 11.25, 9.75, 12, 10, 8.5, 13, 11, 9]): np.unique(np.quantile(c, np.arange(11) / 10))
    const t = profile.target;
    expect(t?.kind).toBe('numeric');
    const f = numeric(t?.kind === 'numeric' ? t.profile : undefined);
    expect([f.name, f.count, f.missing]).toEqual(['price', 9, 1]);
    expect(f.edges).toEqual([8.5, 8.9, 9.45, 9.85, 10.1, 10.5, 10.9, 11.15, 11.55, 12.2, 13.0]);
    expect(f.counts).toEqual([1, 1, 1, 1, 0, 1, 1, 1, 1, 1]);
  });

  it('keeps typed sample rows with null for missing cells', () => {
    expect(profile.sampleRows).toHaveLength(8);
    expect(profile.sampleRows.slice(0, 3)).toEqual([
      ['red', 1, 7, null, '1'],
      ['blue', 3, 7, null, '2'],
      ['red', null, 7, null, 'x'],
    ]);
    expect(checkValue(ReferenceProfile, profile).ok).toBe(true);
  });
});

/** 70 rows: city has 60 values (c00..c09 twice), stock 50 zeros then 1..20, and three candidate targets. */
function wideTable(): string {
  const rows = Array.from({ length: 70 }, (_, i) => {
    const label = i % 3 === 1 && i % 2 === 0 ? '1.0' : String(i % 3);
    return [`c${String(i % 60).padStart(2, '0')}`, i < 50 ? 0 : i - 49, label, i % 25, i % 2 ? 'A' : 'B'].join(',');
  });
  return ['city,stock,label,rank,grade', ...rows].join('\n');
}

describe('buildProfile limits and targets', () => {
  const table = parseCsv(wideTable());

  it('keeps the 50 most frequent categories and counts the rest as other', () => {
    const city = buildProfile(table, { source: 'wide.csv' }).features[0];
    if (city?.type !== 'categorical') throw new Error('city should be categorical');
    expect(Object.keys(city.categories)).toHaveLength(50);
    expect(city.categories['c09']).toBe(2);
    expect(city.categories['c49']).toBe(1);
    expect(city.categories['c50']).toBeUndefined();
    expect([city.count, city.otherCount]).toEqual([70, 10]);
  });

  it('merges repeated quantiles into fewer, wider bins', () => {
    // c = [0.0]*50 + list(range(1, 21)): np.unique(np.quantile(c, np.arange(11) / 10)) -> [0.0, 6.200000000000003, 13.100000000000001, 20.0]
    const stock = numeric(buildProfile(table, { source: 'wide.csv' }).features[1]);
    expect(stock.edges).toEqual([0, 6.200000000000003, 13.100000000000001, 20]);
    expect(stock.counts).toEqual([56, 7, 7]);
    expectBinInvariants(stock);
  });

  it('treats few integer values as classes, normalizing "1.0" to "1"', () => {
    const { target } = buildProfile(table, { source: 'wide.csv', target: 'label' });
    expect(target).toEqual({ name: 'label', kind: 'classes', classes: { '0': 24, '1': 23, '2': 23 } });
  });

  it('treats more than 20 distinct integers as numeric and text as classes', () => {
    expect(buildProfile(table, { source: 'wide.csv', target: 'rank' }).target?.kind).toBe('numeric');
    expect(buildProfile(table, { source: 'wide.csv', target: 'grade' }).target).toEqual({ name: 'grade', kind: 'classes', classes: { A: 35, B: 35 } });
  });

  it('leaves the target out of the features and is null without one', () => {
    const withTarget = buildProfile(table, { source: 'wide.csv', target: 'rank' });
    expect(withTarget.features.map((f) => f.name)).toEqual(['city', 'stock', 'label', 'grade']);
    expect(buildProfile(table, { source: 'wide.csv' }).target).toBeNull();
  });

  it('keeps a category named __proto__ as data', () => {
    const f = buildProfile(parseCsv('k\n__proto__\n__proto__\nx\n'), { source: 'p.csv' }).features[0];
    expect(f?.type === 'categorical' && Object.entries(f.categories)).toEqual([['__proto__', 2], ['x', 1]]);
  });
});

describe('buildProfile column selection and errors', () => {
  const table = parseCsv(SMALL);

  it('profiles only the named features, in the given order', () => {
    const profile = buildProfile(table, { source: 'small.csv', target: 'price', featureNames: ['size', 'color'] });
    expect(profile.features.map((f) => f.name)).toEqual(['size', 'color']);
    expect(profile.sampleRows[1]).toEqual([3, 'blue']);
    expect(profile.target?.name).toBe('price');
  });

  it('names a missing feature or target column and lists the real ones', () => {
    const columns = 'its columns are color, size, const, empty, mixed, price';
    expect(() => buildProfile(table, { source: 'small.csv', featureNames: ['size', 'weight'] })).toThrow(
      expect.objectContaining({ code: 'MP_CSV_INVALID', message: `CSV small.csv: has no column 'weight'; ${columns} — fix the file and try again` }),
    );
    expect(() => buildProfile(table, { source: 'small.csv', target: 'label' })).toThrow(
      expect.objectContaining({ code: 'MP_CSV_INVALID', message: expect.stringContaining("has no column 'label'") }),
    );
  });

  it('refuses a table with a header but no rows', () => {
    expect(() => buildProfile(parseCsv('a,b\n'), { source: 'empty.csv' })).toThrow(
      expect.objectContaining({ code: 'MP_CSV_INVALID', message: expect.stringContaining('empty.csv: has a header but no rows') }),
    );
  });
});
