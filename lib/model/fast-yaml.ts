/**
 * The fast way to read a catalog file's value, for text that uses only plain YAML.
 *
 * vend reads YAML with `yaml` (parseDocument: a full syntax tree with positions, so a diagnostic
 * names its line). For 10,000 unit files that tree was most of `vend validate`'s time, and it is
 * only needed when a diagnostic must name a line. js-yaml reads the same YAML 1.2 core schema
 * (its default, like `yaml`'s) several times faster. It is used only for text without the features
 * where the two libraries may differ or where `yaml`'s guards matter (anchors and aliases, tags,
 * merge keys, directives, block scalars, complex keys, tabs, a byte-order mark, `__proto__`, null
 * keys), and any js-yaml error sends the file down the exact path, which reports it as before.
 * test/model/fast-yaml.test.ts compares both over every YAML file in the repository and a set of
 * edge cases.
 */
import { load } from 'js-yaml';

/** Characters and words whose presence sends a file down the exact path. */
const NOT_PLAIN = /[&*!|>?%\t\uFEFF]|<<|__proto__/;

/**
 * A mapping key that is empty, `~` or `null`: js-yaml turns it into the key "null", `yaml` into ""
 * (found by the parser property test). Matched loosely (a match inside a quoted string only costs
 * the exact path).
 */
const NULL_KEY = /(?:^|[{,[])[ ]*(?:- +)*(?:~|null|Null|NULL)?[ ]*:(?=[ ,\]}]|$)/m;

/** The value of `text`, or undefined when it should be read with `yaml` instead. */
export function plainYamlValue(text: string): { value: unknown } | undefined {
  if (NOT_PLAIN.test(text) || NULL_KEY.test(text)) return undefined;
  try {
    return { value: load(text) };
  } catch {
    return undefined;
  }
}
