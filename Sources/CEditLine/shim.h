#include <stdio.h>
#include <string.h>
#include <histedit.h>
#include <editline/readline.h>

// readline's state lives in mutable C globals, which Swift 6 refuses to touch directly; these
// accessors are the shell's only way in (it uses one editor on one thread).
static inline void airs_rl_set_completion(rl_completion_func_t *function, const char *breaks) {
    rl_attempted_completion_function = function;
    rl_completer_word_break_characters = (char *)breaks;
}
static inline void airs_rl_completion_over(void) { rl_attempted_completion_over = 1; }
static inline int airs_rl_point(void) { return rl_point; }
static inline const char *airs_rl_line_buffer(void) { return rl_line_buffer; }
