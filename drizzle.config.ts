// drizzle-kit settings: `npm run db:generate` writes SQL migrations from src/db/schema into drizzle/.
import { defineConfig } from 'drizzle-kit';

export default defineConfig({
  dialect: 'postgresql',
  schema: './src/db/schema/index.ts',
  out: './drizzle',
});
