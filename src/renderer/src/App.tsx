import { Title } from '@mantine/core';

export function App() {
  return <Title>Custodian</Title>;
}
