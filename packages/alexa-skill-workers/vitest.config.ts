import { defineConfig } from 'vitest/config';
import { kitProjects } from './vitest.projects.ts';

export default defineConfig({ test: { projects: kitProjects } });
