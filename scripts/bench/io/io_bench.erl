%% BEAM side of Weft's io benchmarks (the Weft side is dev.weft.bench.IoBench).
%%
%% Usage (one workload per fresh VM; run.sh does this for you):
%%   erl -noshell -pa ebin -run io_bench main WORKLOAD DIR [INT ...]
%%
%% Workloads, both through a file io server pid (file:open/2 without raw):
%%   io_write_64k DIR MB CHUNK_KB   write MB megabytes in CHUNK_KB chunks (file:write/2), then close
%%   io_small_writes DIR N          N io:put_chars/2 calls of "hello world\n" (Elixir's IO.write), then close
%% Each first runs a tenth of its size to another file as a warm-up, like Weft's side.
%% Every workload prints lines "metric value unit" on stdout; times include the close.
-module(io_bench).

-export([main/1]).
%% in_proc/1, emit/3, now_us/0 and median/1 are the shared beam_bench's (compiled beside this module).

main([W, Dir | Args]) ->
    Ints = [list_to_integer(A) || A <- Args],
    try
        beam_bench:in_proc(fun() -> run(list_to_atom(W), Dir, Ints) end),
        halt(0)
    catch C:R:St ->
        io:format(standard_error, "workload ~s failed: ~p:~p~n~p~n", [W, C, R, St]),
        halt(1)
    end.

run(io_write_64k, Dir, Args) ->
    [MB, KB] = defaults(Args, [100, 64]),
    Chunk = binary:copy(<<"0123456789abcdef">>, KB * 64),
    N = MB * 1024 div KB,
    write_chunks(filename:join(Dir, "beam_warmup_64k.bin"), Chunk, max(1, N div 10)),
    Us = write_chunks(filename:join(Dir, "beam_io_write_64k.bin"), Chunk, N),
    beam_bench:emit(io_write_64k_rate, N * KB / 1024 / (Us / 1.0e6), 'MB/s'),
    beam_bench:emit(io_write_64k_ms, Us / 1000, ms);

run(io_small_writes, Dir, Args) ->
    [N] = defaults(Args, [1000000]),
    small_writes(filename:join(Dir, "beam_warmup_small.txt"), max(1, N div 10)),
    Us = small_writes(filename:join(Dir, "beam_io_small_writes.txt"), N),
    beam_bench:emit(io_small_writes_rate, N / (Us / 1.0e6), 'writes/s'),
    beam_bench:emit(io_small_writes_mean, Us / N, us).

write_chunks(Path, Chunk, N) ->
    T0 = beam_bench:now_us(),
    {ok, Fd} = file:open(Path, [write, binary]),
    chunks(Fd, Chunk, N),
    ok = file:close(Fd),
    T1 = beam_bench:now_us(),
    Size = N * byte_size(Chunk),
    {ok, Size} = {ok, filelib:file_size(Path)},
    file:delete(Path),
    T1 - T0.

chunks(_, _, 0) -> ok;
chunks(Fd, Chunk, N) -> ok = file:write(Fd, Chunk), chunks(Fd, Chunk, N - 1).

small_writes(Path, N) ->
    T0 = beam_bench:now_us(),
    {ok, Fd} = file:open(Path, [write, binary]),
    puts(Fd, N),
    ok = file:close(Fd),
    T1 = beam_bench:now_us(),
    Size = N * 12,
    {ok, Size} = {ok, filelib:file_size(Path)},
    file:delete(Path),
    T1 - T0.

puts(_, 0) -> ok;
puts(Fd, N) -> ok = io:put_chars(Fd, <<"hello world\n">>), puts(Fd, N - 1).

defaults(Given, Defaults) ->
    Given ++ lists:nthtail(length(Given), Defaults).

