import { afterEach, describe, expect, it } from 'vitest';
import { render, screen, fireEvent, waitFor, cleanup } from '@testing-library/svelte';
import { mockIPC, clearMocks } from '@tauri-apps/api/mocks';
import EncryptionCard from './EncryptionCard.svelte';

afterEach(() => { cleanup(); clearMocks(); });

const strong = { score: 4, strong_enough: true, warning: null, suggestions: [], crack_time: 'centuries' };

describe('EncryptionCard', () => {
  it('encrypts a plaintext database, then changes the passphrase and removes the encryption with the current one', async () => {
    let encrypted = false;
    const calls: [string, unknown][] = [];
    mockIPC((cmd, args) => {
      if (cmd === 'app_info') return { encrypted };
      if (cmd === 'plugin:event|listen') return 1;
      if (cmd === 'passphrase_strength') return strong;
      calls.push([cmd, args]);
      if (cmd === 'encrypt_database') { encrypted = true; return { encrypted: true, backups_converted: 2 }; }
      if (cmd === 'change_passphrase') {
        if ((args as { current: string }).current !== 'first words here') throw { code: 'wrong_passphrase', message: '/data/mission.eom: the passphrase does not open this database', details: null };
        return { encrypted: true, backups_converted: 2 };
      }
      if (cmd === 'remove_encryption') { encrypted = false; return { encrypted: false, backups_converted: 2 }; }
      return null;
    });
    render(EncryptionCard);
    await waitFor(() => expect(screen.getByTestId('enc-state').getAttribute('data-encrypted')).toBe('false'));
    const encrypt = screen.getByTestId('enc-encrypt') as HTMLButtonElement;
    expect(encrypt.disabled).toBe(true);
    await fireEvent.input(screen.getByTestId('enc-new'), { target: { value: 'first words here' } });
    await fireEvent.input(screen.getByTestId('enc-new-again'), { target: { value: 'first words here' } });
    expect(encrypt.disabled).toBe(false);
    await fireEvent.click(encrypt);
    await waitFor(() => expect(screen.getByTestId('enc-done').textContent).toContain('Encrypted; 2 backups converted'));
    expect(calls).toEqual([['encrypt_database', { passphrase: 'first words here' }]]);
    expect(screen.getByTestId('enc-state').getAttribute('data-encrypted')).toBe('true');

    // A wrong current passphrase is shown where the user is looking, and nothing changes.
    await fireEvent.input(screen.getByTestId('enc-current'), { target: { value: 'not it' } });
    await fireEvent.input(screen.getByTestId('enc-new'), { target: { value: 'second words here' } });
    await fireEvent.input(screen.getByTestId('enc-new-again'), { target: { value: 'second words here' } });
    await fireEvent.click(screen.getByTestId('enc-rekey'));
    await waitFor(() => expect(screen.getByTestId('encryption').textContent).toContain('does not open'));
    await fireEvent.input(screen.getByTestId('enc-current'), { target: { value: 'first words here' } });
    await fireEvent.click(screen.getByTestId('enc-rekey'));
    await waitFor(() => expect(screen.getByTestId('enc-done').textContent).toContain('Passphrase changed'));

    await fireEvent.input(screen.getByTestId('enc-current'), { target: { value: 'second words here' } });
    await fireEvent.click(screen.getByTestId('enc-decrypt'));
    await fireEvent.click(screen.getByTestId('enc-decrypt-confirm'));
    await waitFor(() => expect(screen.getByTestId('enc-state').getAttribute('data-encrypted')).toBe('false'));
    expect(calls.at(-1)).toEqual(['remove_encryption', { current: 'second words here' }]);
  });
});
