import { describe, expect, it } from 'vitest';
import { MENTION_LIMIT, mentionItems } from './mention-items.ts';

const people = { u1: 'Ann Lee', u2: 'Bob Stone', u3: 'Annika', u4: 'Joanna' };

describe('mentionItems', () => {
  it('offers names that start with the query first, then those that contain it', () => {
    expect(mentionItems(people, 'ann').map((p) => p.label)).toEqual(['Ann Lee', 'Annika', 'Joanna']);
  });

  it('ignores case and spaces around the query, and offers everyone for an empty one', () => {
    expect(mentionItems(people, ' BOB ').map((p) => p.id)).toEqual(['u2']);
    expect(mentionItems(people, '')).toHaveLength(4);
  });

  it('offers nobody for a query no one matches, and at most the limit', () => {
    expect(mentionItems(people, 'zed')).toEqual([]);
    const many = Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`id${i}`, `Person ${i}`]));
    expect(mentionItems(many, 'person')).toHaveLength(MENTION_LIMIT);
  });
});
