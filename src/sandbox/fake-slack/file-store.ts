import type { IdFactory } from './ids.js';

export interface StoredFile {
  id: string;
  name: string;
  title: string;
  length: number;
  altText?: string;
  uploadToken: string;
  bytes?: Buffer;
  completed: boolean;
  created: number;
}

/** Files of the `files.getUploadURLExternal` → upload → `files.completeUploadExternal` flow. */
export class FileStore {
  private readonly files = new Map<string, StoredFile>();

  constructor(private readonly ids: IdFactory) {}

  create(name: string, length: number, created: number, altText?: string): StoredFile {
    const file: StoredFile = {
      id: this.ids.next('F'),
      name,
      title: name,
      length,
      uploadToken: this.ids.hex(32),
      completed: false,
      created,
    };
    if (altText !== undefined) file.altText = altText;
    this.files.set(file.id, file);
    return file;
  }

  get(id: string): StoredFile | undefined {
    return this.files.get(id);
  }

  byUploadToken(token: string): StoredFile | undefined {
    return [...this.files.values()].find((f) => f.uploadToken === token);
  }
}
