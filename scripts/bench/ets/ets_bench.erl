%% BEAM side of the ETS workloads for the Weft comparison (same workloads as
%% dev.weft.bench.EtsBench; same style as the shared beam_bench.erl).
%%
%% Usage (one workload per fresh VM; run.sh does this for you):
%%   erlc -o ebin ets_bench.erl
%%   erl +P 5000000 -noshell -pa ebin -run ets_bench main WORKLOAD [INT ...]
%%
%% Workloads (every one prints lines "metric value unit" on stdout; each
%% figure is the median of REPS timed rounds after one warm-up round):
%%   set_lookup P OPS      P processes share OPS lookups on a public set of KEYS keys
%%   set_insert P OPS      P processes share OPS inserts into a public set (KEYS distinct keys)
%%   update_counter P OPS  P processes share OPS update_counter calls on one hot key
%%   ordered_walk N LEN    walk LEN consecutive keys with ets:next from 100 start points
%%                         in an ordered_set of N integer keys
-module(ets_bench).

-export([main/1]).
%% in_proc/1, emit/3, now_us/0 and median/1 are the shared beam_bench's (compiled beside this module).

-define(KEYS, 100000).
-define(REPS, 3).

main([W | Args]) ->
    Ints = [list_to_integer(A) || A <- Args],
    try
        beam_bench:in_proc(fun() -> run(list_to_atom(W), Ints) end),
        halt(0)
    catch C:R:St ->
        io:format(standard_error, "workload ~s failed: ~p:~p~n~p~n", [W, C, R, St]),
        halt(1)
    end.

%%--------------------------------------------------------------------
%% workloads
%%--------------------------------------------------------------------
run(set_lookup, Args) ->
    [P, Ops] = defaults(Args, [2, 4000000]),
    T = new_set(),
    ets:insert(T, [{K, K} || K <- lists:seq(0, ?KEYS - 1)]),
    Us = rounds(fun() -> parallel(P, Ops div P, fun(I) -> [_] = ets:lookup(T, key(I)) end) end),
    beam_bench:emit(metric(set_lookup, P), Ops / Us * 1.0e6, 'ops/s');

run(set_insert, Args) ->
    [P, Ops] = defaults(Args, [2, 4000000]),
    T = new_set(),
    Us = rounds(fun() -> parallel(P, Ops div P, fun(I) -> true = ets:insert(T, {key(I), I}) end) end),
    beam_bench:emit(metric(set_insert, P), Ops / Us * 1.0e6, 'ops/s');

run(update_counter, Args) ->
    [P, Ops] = defaults(Args, [2, 4000000]),
    T = new_set(),
    ets:insert(T, {hits, 0}),
    Us = rounds(fun() -> parallel(P, Ops div P, fun(_) -> ets:update_counter(T, hits, 1) end) end),
    beam_bench:emit(metric(update_counter, P), Ops / Us * 1.0e6, 'ops/s');

run(ordered_walk, Args) ->
    [N, Len] = defaults(Args, [1000000, 10000]),
    T = ets:new(walk, [ordered_set, public, {read_concurrency, true}]),
    ets:insert(T, [{K, K} || K <- lists:seq(0, N - 1)]),
    Starts = [(S * 7919) rem (N - Len) || S <- lists:seq(1, 100)],
    Us = rounds(fun() -> lists:foreach(fun(S) -> walk(T, S, Len) end, Starts) end),
    beam_bench:emit(ordered_walk_rate, 100 * Len / Us * 1.0e6, 'keys/s').

%%--------------------------------------------------------------------
%% pieces
%%--------------------------------------------------------------------
new_set() ->
    ets:new(bench, [set, public, {read_concurrency, true}, {write_concurrency, true}]).

%% spread-out keys: the same sequence as EtsBench.key
key(I) -> (I * 7919) rem ?KEYS.

metric(Name, P) -> list_to_atom(lists:concat([ets_, Name, "_", P, "p_rate"])).

%% P processes, each calling F(I) for I in 1..Each (offset per process), all
%% started before the clock starts; returns elapsed microseconds.
parallel(P, Each, F) ->
    Self = self(),
    Pids = [spawn_link(fun() -> worker(Self, W * Each, Each, F) end) || W <- lists:seq(0, P - 1)],
    [receive {ready, Pid} -> ok end || Pid <- Pids],
    T0 = beam_bench:now_us(),
    [Pid ! go || Pid <- Pids],
    [receive {done, Pid} -> ok end || Pid <- Pids],
    beam_bench:now_us() - T0.

worker(Parent, From, Each, F) ->
    Parent ! {ready, self()},
    receive go -> ok end,
    loop(From, From + Each, F),
    Parent ! {done, self()}.

loop(To, To, _F) -> ok;
loop(I, To, F) -> F(I), loop(I + 1, To, F).

walk(_T, _K, 0) -> ok;
walk(T, K, Left) ->
    case ets:next(T, K) of
        '$end_of_table' -> ok;
        Next -> walk(T, Next, Left - 1)
    end.

%% one warm-up round, then the median of REPS timed rounds (in microseconds)
rounds(F) ->
    timed(F),
    beam_bench:median([timed(F) || _ <- lists:seq(1, ?REPS)]).

timed(F) ->
    T0 = beam_bench:now_us(),
    case F() of
        Us when is_integer(Us) -> Us;
        _ -> beam_bench:now_us() - T0
    end.

defaults(Given, Defaults) ->
    Given ++ lists:nthtail(length(Given), Defaults).

