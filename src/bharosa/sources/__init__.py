"""Where documents come from: the working tree, explicit files, and (later) git objects."""
