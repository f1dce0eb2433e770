; Comments: `/* ... */`, `* ... ;` and `%* ... ;`. The personal-data and CPR detectors read them.
[(block_comment) (line_comment)] @comment
