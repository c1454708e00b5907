/** Editors' publishes for tests with two CMS instances (cms-child.ts runs them in the second). */
export interface PublishStep {
  documentId: string;
  lead: string;
}

interface Documents {
  update(params: never): Promise<unknown>;
  publish(params: never): Promise<unknown>;
}

/** Sets the lead of each entry and publishes it, one after the other, reporting each publish. */
export async function publishSteps(documents: Documents, steps: PublishStep[], published: (lead: string) => void): Promise<void> {
  for (const { documentId, lead } of steps) {
    await documents.update({ documentId, data: { lead } } as never);
    await documents.publish({ documentId } as never);
    published(lead);
  }
}
