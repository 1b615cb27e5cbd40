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

-define(KEYS, 100000).
-define(REPS, 3).

main([W | Args]) ->
    Ints = [list_to_integer(A) || A <- Args],
    try
        in_proc(fun() -> run(list_to_atom(W), Ints) end),
        halt(0)
    catch C:R:St ->
        io:format(standard_error, "workload ~s failed: ~p:~p~n~p~n", [W, C, R, St]),
        halt(1)
    end.

in_proc(F) ->
    {Pid, Ref} = spawn_monitor(F),
    receive
        {'DOWN', Ref, process, Pid, normal} -> ok;
        {'DOWN', Ref, process, Pid, Reason} -> erlang:error({workload_crashed, Reason})
    end.

%%--------------------------------------------------------------------
%% workloads
%%--------------------------------------------------------------------
run(set_lookup, Args) ->
    [P, Ops] = defaults(Args, [2, 4000000]),
    T = new_set(),
    ets:insert(T, [{K, K} || K <- lists:seq(0, ?KEYS - 1)]),
    Us = rounds(fun() -> parallel(P, Ops div P, fun(I) -> [_] = ets:lookup(T, key(I)) end) end),
    emit(metric(set_lookup, P), Ops / Us * 1.0e6, 'ops/s');

run(set_insert, Args) ->
    [P, Ops] = defaults(Args, [2, 4000000]),
    T = new_set(),
    Us = rounds(fun() -> parallel(P, Ops div P, fun(I) -> true = ets:insert(T, {key(I), I}) end) end),
    emit(metric(set_insert, P), Ops / Us * 1.0e6, 'ops/s');

run(update_counter, Args) ->
    [P, Ops] = defaults(Args, [2, 4000000]),
    T = new_set(),
    ets:insert(T, {hits, 0}),
    Us = rounds(fun() -> parallel(P, Ops div P, fun(_) -> ets:update_counter(T, hits, 1) end) end),
    emit(metric(update_counter, P), Ops / Us * 1.0e6, 'ops/s');

run(ordered_walk, Args) ->
    [N, Len] = defaults(Args, [1000000, 10000]),
    T = ets:new(walk, [ordered_set, public, {read_concurrency, true}]),
    ets:insert(T, [{K, K} || K <- lists:seq(0, N - 1)]),
    Starts = [(S * 7919) rem (N - Len) || S <- lists:seq(1, 100)],
    Us = rounds(fun() -> lists:foreach(fun(S) -> walk(T, S, Len) end, Starts) end),
    emit(ordered_walk_rate, 100 * Len / Us * 1.0e6, 'keys/s').

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
    T0 = now_us(),
    [Pid ! go || Pid <- Pids],
    [receive {done, Pid} -> ok end || Pid <- Pids],
    now_us() - T0.

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
    median([timed(F) || _ <- lists:seq(1, ?REPS)]).

timed(F) ->
    T0 = now_us(),
    case F() of
        Us when is_integer(Us) -> Us;
        _ -> now_us() - T0
    end.

defaults(Given, Defaults) ->
    Given ++ lists:nthtail(length(Given), Defaults).

now_us() -> erlang:monotonic_time(microsecond).

emit(Metric, Value, Unit) ->
    io:format("~s ~s ~s~n", [Metric, fmt(Value), Unit]).

fmt(V) when is_integer(V) -> integer_to_list(V);
fmt(V) when is_float(V), abs(V) >= 1000 -> integer_to_list(round(V));
fmt(V) when is_float(V) -> float_to_list(V, [{decimals, 3}, compact]).

median(L) ->
    S = lists:sort(L),
    N = length(S),
    case N rem 2 of
        1 -> lists:nth(N div 2 + 1, S);
        0 -> (lists:nth(N div 2, S) + lists:nth(N div 2 + 1, S)) / 2
    end.
