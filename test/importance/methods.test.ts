import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  METHOD_INFO,
  METHOD_NAMES,
  methodsHelp,
} from '../../src/importance/methods.ts';

test('METHOD_INFO documents every method with range and direction', () => {
  for (const name of METHOD_NAMES) {
    const m = METHOD_INFO[name];
    assert.ok(m.measures && m.range && m.direction && m.needs, name);
    assert.ok(m.columns.length > 0, name);
  }
});

test('methodsHelp() has a line for every method and both combined scores', () => {
  const help = methodsHelp();
  for (const name of [...METHOD_NAMES, 'importance', 'noise']) {
    assert.match(help, new RegExp(`^  ${name}: `, 'm'));
  }
});
