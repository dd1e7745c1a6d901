/** Issue 3, must show 7: a task created, then moved, over REST appears on an open board within a second. */
import { api, apiLogin, person } from './fixtures/auth.ts';
import { openBoard, syncStatus, taskIn } from './fixtures/board.ts';
import { expect, test } from './fixtures/test.ts';

const WITHIN_A_SECOND = { timeout: 1_000 };

type Task = { id: string; title: string; columnId: string };
type Project = { id: string; columns: { id: string; name: string }[] };

test('a task created and moved over REST shows on an open board within a second', async ({
  page,
  server,
}) => {
  await openBoard(page, server.url, 'Ada');
  await expect(syncStatus(page)).toHaveAccessibleName('Sync status: Saved on the server');
  const { token } = await apiLogin(server.url, person('Ada'));
  const { project } = await api<{ project: Project }>(server.url, '/projects/first', { token });
  const done = project.columns.find((c) => c.name === 'Done');
  if (!done) throw new Error('no Done column');

  const { task } = await api<{ task: Task }>(server.url, '/tasks', {
    token,
    body: { projectId: project.id, title: 'Filed by a script', priority: 'high', labels: ['api'] },
  });
  const card = taskIn(page, 'To Do', 'Filed by a script');
  await expect(card).toBeVisible(WITHIN_A_SECOND);
  await expect(card).toContainText('Priority: High');

  await api(server.url, `/tasks/${task.id}`, { method: 'PATCH', token, body: { columnId: done.id } });
  await expect(taskIn(page, 'Done', 'Filed by a script')).toBeVisible(WITHIN_A_SECOND);

  // Made by Ada through the API: the board names her as its author, and it survives a reload.
  await page.reload();
  await page.getByRole('button', { name: 'Open Filed by a script' }).click();
  await expect(page.getByRole('dialog', { name: 'Task details' })).toContainText('by Ada');
});
