import t from 'tap';
import { whyBacktracks } from '../../src/openapi/backtracking.js';
import { spec } from '../helpers/spec.js';

/** Patterns a backtracking engine matches in time linear (or bounded) in the text: accepted. */
const LINEAR = [
  '^(0|[1-9][0-9]*)$',
  '^(0(\\.[0-9]{1,6})?|1(\\.0{1,6})?)$',
  '^(\\d{1,3}\\.){3}\\d{1,3}$',
  '^(a|b)+$',
  '^(?:[a-z0-9-]+\\.)+[a-z]{2,}$',
  '^([a-z]+\\.)*[a-z]+$',
  '^([^a]+a)+$',
  '^(?<year>\\d{4})$',
];
/** Patterns whose matching can take time exponential in the text: refused. */
const EXPONENTIAL = ['^(a|aa)+$', '^(a+)+$', '^(x+x+)+y$', '^((a{0,100}){0,100}){0,100}$', '^(.+a)+$', '^([a-z.]+\\.)+$'];
/** Safe patterns the conservative check refuses all the same (overlapping alternatives, a class before a class). */
const REFUSED_THOUGH_SAFE = ['^(ab|a)*$', '^(\\w+\\s)+$'];

t.test('linear patterns pass, exponential ones are named', async (t) => {
  for (const pattern of LINEAR) t.equal(whyBacktracks(pattern), undefined, pattern);
  for (const pattern of [...EXPONENTIAL, ...REFUSED_THOUGH_SAFE])
    t.match(whyBacktracks(pattern), /can match the same text in many ways/, pattern);
});

t.test("every pattern of the kit's own spec passes", async (t) => {
  const patterns = [...JSON.stringify(spec).matchAll(/"pattern":("(?:[^"\\]|\\.)*")/g)].map((match) => JSON.parse(match[1]!) as string);
  t.ok(patterns.length >= 5, `${patterns.length} patterns`);
  for (const pattern of patterns) t.equal(whyBacktracks(pattern), undefined, pattern);
});

t.test('a pattern its parser cannot read throws', async (t) => {
  t.throws(() => whyBacktracks('('));
});
