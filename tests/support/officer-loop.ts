import type { Locator } from 'playwright-core';

/** From a target's row on the terminal's list: the officer calls the stop, starts and finishes the inspection. */
export async function callStartFinish(row: Locator): Promise<void> {
  for (const [step, next] of [
    ['call', 'called'],
    ['start', 'inspecting'],
  ] as const) {
    await row.locator(`button.step-${step}`).click();
    await row.locator(`.passage-${next}`).waitFor();
  }
  await row.locator('button.step-finish').click();
  await row.locator('button.step-finish').waitFor({ state: 'detached' });
}
