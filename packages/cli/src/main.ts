#!/usr/bin/env node
console.log("psp2gk: not yet");
