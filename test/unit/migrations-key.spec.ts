import { MIGRATIONS, migrationsKey } from '../../src/core/database/migrations';

// The embedded template is keyed by the migrations: any change to them must give another key.
describe('migrationsKey (the key of the migrated embedded template)', () => {
  class First {
    up(): string {
      return 'CREATE TABLE a (id int)';
    }
  }
  class Second {
    up(): string {
      return 'CREATE TABLE b (id int)';
    }
  }
  const editedFirst = (() => {
    class First {
      up(): string {
        return 'CREATE TABLE a (id bigint)';
      }
    }
    return First;
  })();

  it('is stable for the same migrations, and the default is the application\'s list', () => {
    expect(migrationsKey([First, Second])).toBe(migrationsKey([First, Second]));
    expect(migrationsKey()).toBe(migrationsKey(MIGRATIONS));
    expect(migrationsKey()).toMatch(new RegExp(`^m${MIGRATIONS.length}-[0-9a-f]{16}$`));
  });

  it('changes when a migration is added, reordered or edited', () => {
    const keys = [migrationsKey([First]), migrationsKey([First, Second]), migrationsKey([Second, First]), migrationsKey([editedFirst, Second])];
    expect(new Set(keys).size).toBe(keys.length);
  });
});
