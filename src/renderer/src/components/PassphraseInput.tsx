import { PasswordInput, Text, type PasswordInputProps } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import { forwardRef, useState, type KeyboardEvent } from 'react';

/**
 * A passphrase field: never autofilled or spell-checked, and it says when
 * Caps Lock is on (the commonest reason a right passphrase is "wrong").
 */
export const PassphraseInput = forwardRef<HTMLInputElement, PasswordInputProps & { isNew?: boolean }>(
  function PassphraseInput({ isNew = false, description, onKeyDown, onKeyUp, ...props }, ref) {
    const [capsLock, setCapsLock] = useState(false);
    const track = (event: KeyboardEvent<HTMLInputElement>) => setCapsLock(event.getModifierState('CapsLock'));
    return (
      <PasswordInput
        ref={ref}
        autoComplete={isNew ? 'new-password' : 'off'}
        spellCheck={false}
        autoCapitalize="off"
        autoCorrect="off"
        {...props}
        onKeyDown={(event) => {
          track(event);
          onKeyDown?.(event);
        }}
        onKeyUp={(event) => {
          track(event);
          onKeyUp?.(event);
        }}
        onBlur={(event) => {
          setCapsLock(false);
          props.onBlur?.(event);
        }}
        description={
          capsLock ? (
            <Text span size="xs" c="orange" fw={500}>
              <IconAlertTriangle size={12} style={{ verticalAlign: '-1px', marginRight: 4 }} />
              Caps Lock is on
            </Text>
          ) : (
            description
          )
        }
      />
    );
  },
);
