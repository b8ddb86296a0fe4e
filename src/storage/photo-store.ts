import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface StoredPhoto {
  sha256: string;
  contentType: 'image/jpeg' | 'image/png';
  bytes: number;
}

const EXT = { 'image/jpeg': 'jpg', 'image/png': 'png' } as const;

/**
 * Inspection photos on the node's disk, one folder per inspection, each file named by its
 * SHA-256: a photo cannot be replaced unnoticed, and the same photo sent twice is stored once.
 */
export class PhotoStore {
  constructor(private readonly dir: string) {}

  add(inspectionId: string, contentType: StoredPhoto['contentType'], data: Buffer): StoredPhoto {
    const sha256 = createHash('sha256').update(data).digest('hex');
    const folder = join(this.dir, inspectionId);
    mkdirSync(folder, { recursive: true });
    const file = join(folder, `${sha256}.${EXT[contentType]}`);
    // Written aside and renamed, so a crash never leaves half a photo under its final name.
    writeFileSync(`${file}.part`, data);
    renameSync(`${file}.part`, file);
    return { sha256, contentType, bytes: data.length };
  }

  read(inspectionId: string, sha256: string): { contentType: StoredPhoto['contentType']; data: Buffer } | null {
    for (const [type, ext] of Object.entries(EXT) as Array<[StoredPhoto['contentType'], string]>) {
      try {
        return { contentType: type, data: readFileSync(join(this.dir, inspectionId, `${sha256}.${ext}`)) };
      } catch {
        // not this extension
      }
    }
    return null;
  }
}
