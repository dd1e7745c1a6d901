import { describe, expect, it } from 'vitest';
import {
  activityPath,
  backlogPath,
  boardPath,
  browsePath,
  listPath,
  myWorkPath,
  parseRoute,
  reportsPath,
  safeNext,
  taskPath,
  withNext,
} from './route.ts';

describe('parseRoute', () => {
  it('knows every page of the app', () => {
    expect(parseRoute('/')).toEqual({ name: 'home' });
    expect(parseRoute('/signin')).toEqual({ name: 'signin', next: null });
    expect(parseRoute('/signup', '?next=%2Finvite%2Fabc')).toEqual({ name: 'signup', next: '/invite/abc' });
    expect(parseRoute('/settings')).toEqual({ name: 'settings' });
    expect(parseRoute('/invite/abc')).toEqual({ name: 'invite', token: 'abc' });
    expect(parseRoute('/w/ws-1')).toEqual({ name: 'board', workspaceId: 'ws-1' });
    expect(parseRoute('/w/ws-1/')).toEqual({ name: 'board', workspaceId: 'ws-1' });
    expect(parseRoute('/w/ws-1/members')).toEqual({ name: 'members', workspaceId: 'ws-1' });
    expect(parseRoute('/w/ws-1/activity')).toEqual({ name: 'activity', workspaceId: 'ws-1' });
    expect(parseRoute('/w/ws-1/backlog')).toEqual({ name: 'backlog', workspaceId: 'ws-1' });
    expect(parseRoute('/w/ws-1/list', '?task=t1')).toEqual({ name: 'list', workspaceId: 'ws-1' });
    expect(parseRoute('/w/ws-1/my-work')).toEqual({ name: 'my-work', workspaceId: 'ws-1' });
    expect(parseRoute('/w/ws-1/reports', '?report=cfd')).toEqual({ name: 'reports', workspaceId: 'ws-1' });
    expect(parseRoute('/w/ws-1/browse/WEB-12')).toEqual({
      name: 'browse',
      workspaceId: 'ws-1',
      taskKey: 'WEB-12',
    });
    expect(parseRoute('/unsubscribe', '?token=a.b')).toEqual({ name: 'unsubscribe', token: 'a.b' });
    expect(parseRoute('/forgot-password')).toEqual({ name: 'forgot-password' });
    expect(parseRoute('/reset-password', '?token=abc')).toEqual({ name: 'reset-password', token: 'abc' });
    expect(parseRoute('/verify-email', '?token=abc')).toEqual({ name: 'verify-email', token: 'abc' });
    expect(parseRoute('/reset-password')).toEqual({ name: 'not-found' });
  });

  it('sends anything else to not-found', () => {
    for (const path of [
      '/w',
      '/w/a/b',
      '/w/a/members/x',
      '/w/a/activity/x',
      '/w/a/activities',
      '/invite',
      '/signin/x',
      '/nope',
      '/w/%E0%A4%A',
      '/unsubscribe',
      '/w/a/backlog/x',
      '/w/a/reports/x',
      '/w/a/list/x',
      '/w/a/lists',
      '/w/a/my-work/x',
      '/w/a/mywork',
      '/w/a/browse',
      '/w/a/browse/12',
      '/w/a/browse/WEB-',
      '/w/a/browse/WEB-12/x',
      '/w/a/browser/WEB-12',
    ]) {
      expect(parseRoute(path)).toEqual({ name: 'not-found' });
    }
  });

  it('round-trips workspace ids that need escaping', () => {
    expect(parseRoute(boardPath('a b/c'))).toEqual({ name: 'board', workspaceId: 'a b/c' });
    expect(parseRoute(activityPath('a b/c'))).toEqual({ name: 'activity', workspaceId: 'a b/c' });
    expect(parseRoute(backlogPath('a b/c'))).toEqual({ name: 'backlog', workspaceId: 'a b/c' });
    expect(parseRoute(listPath('a b/c'))).toEqual({ name: 'list', workspaceId: 'a b/c' });
    expect(parseRoute(myWorkPath('a b/c'))).toEqual({ name: 'my-work', workspaceId: 'a b/c' });
    expect(parseRoute(reportsPath('a b/c'))).toEqual({ name: 'reports', workspaceId: 'a b/c' });
    expect(parseRoute(browsePath('a b/c', 'WEB-7'))).toEqual({
      name: 'browse',
      workspaceId: 'a b/c',
      taskKey: 'WEB-7',
    });
  });

  it('links a task on its board through the query, which the board reads', () => {
    const [path, query] = taskPath('ws 1', 't&1').split('?');
    expect(parseRoute(path ?? '')).toEqual({ name: 'board', workspaceId: 'ws 1' });
    expect(new URLSearchParams(query).get('task')).toBe('t&1');
  });
});

describe('safeNext', () => {
  it('accepts only paths of this app', () => {
    expect(safeNext('/w/1')).toBe('/w/1');
    for (const bad of [null, '', 'https://evil.test', '//evil.test', '/\\evil.test', 'w/1']) {
      expect(safeNext(bad)).toBeNull();
    }
  });

  it('leaves `next` off when it would only say "home"', () => {
    expect(withNext('/signin', '/')).toBe('/signin');
    expect(withNext('/signin', '/w/1')).toBe('/signin?next=%2Fw%2F1');
  });
});
