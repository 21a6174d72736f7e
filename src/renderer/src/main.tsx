import '@fontsource-variable/inter/wght.css';
import '@fontsource-variable/jetbrains-mono/wght.css';
import '@mantine/core/styles.css';
import '@mantine/dates/styles.css';
import 'dayjs/locale/cy';
import 'dayjs/locale/en-gb';
import './styles.css';
import { MantineProvider } from '@mantine/core';
import { cssVariablesResolver } from './theme-contrast';
import { DatesProvider } from '@mantine/dates';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { theme } from './theme';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <MantineProvider theme={theme} defaultColorScheme="auto" cssVariablesResolver={cssVariablesResolver}>
      {/* Weeks start on Monday in Britain and Wales; the calendar's language follows each field's locale. */}
      <DatesProvider settings={{ firstDayOfWeek: 1 }}>
        <App />
      </DatesProvider>
    </MantineProvider>
  </StrictMode>,
);
