#!/usr/bin/env node
/**
 * The CDKTF app (`npx cdktf synth`, see cdktf.json): synthesizes every Azure unit of the catalog in
 * VEND_CATALOG (default ./catalog) into CDKTF_OUTDIR (set by the cdktf CLI; default cdktf.out).
 */
import { loadModel } from '../lib/model';
import { synthesizeAzure } from '../lib/azure';

const model = loadModel({ catalogDir: process.env.VEND_CATALOG ?? 'catalog' });
synthesizeAzure(model, { outdir: process.env.CDKTF_OUTDIR ?? 'cdktf.out' });
